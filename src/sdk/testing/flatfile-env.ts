/**
 * The variables `@flatfile/api` and `@flatfile/listener` read for the server's URL and key, aliases included. The
 * SDK's tests may not import server code, so src/server/testing/flatfile-env.ts keeps its own copy of this helper.
 */
const FLATFILE_ENV_KEYS = [
  "FLATFILE_API_URL",
  "FLATFILE_API_KEY",
  "FLATFILE_BEARER_TOKEN",
  "AGENT_INTERNAL_URL",
] as const;

/**
 * Configures a `new FlatfileClient()` by the environment only, as a listener written for Flatfile is: sets
 * `FLATFILE_API_URL` and `FLATFILE_API_KEY`, and removes `FLATFILE_BEARER_TOKEN` (it would win over
 * `FLATFILE_API_KEY`) and `AGENT_INTERNAL_URL` (it would win over the URL). The client reads them lazily, so they must
 * stay set while it is used; answers the function that puts every variable back as it was.
 */
export function useFlatfileEnv(baseUrl: string, key: string): () => void {
  const saved = new Map(FLATFILE_ENV_KEYS.map((name) => [name, process.env[name]]));
  delete process.env.FLATFILE_BEARER_TOKEN;
  delete process.env.AGENT_INTERNAL_URL;
  process.env.FLATFILE_API_URL = baseUrl;
  process.env.FLATFILE_API_KEY = key;
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

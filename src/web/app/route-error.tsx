import { Link, useRouteError } from "../lib/router";
import { Button } from "../components/ui/button";
import { errorText, isChunkLoadError, isUnreachable } from "../lib/error-text";

/** Words for what stopped a page from showing: a deploy, the network, or a fault of the page itself. */
function describe(error: unknown): { title: string; text: string } {
  if (isUnreachable(error)) return { title: "This page could not be loaded", text: errorText(error) };
  if (isChunkLoadError(error)) {
    return { title: "A new version of the dashboard is available", text: "Reload the page to use it." };
  }
  return { title: "Something went wrong on this page", text: errorText(error) };
}

/**
 * The error element of the dashboard's routes: a calm card in place of the page that failed (the header and the
 * space's sidebar stay), with a Reload button, instead of the router's developer page.
 *
 * @param whole true for the outermost route, where nothing of the app is left around the card
 */
export function RouteError({ whole = false }: { whole?: boolean }) {
  return <ErrorCard error={useRouteError()} whole={whole} />;
}

/**
 * What a page that failed shows instead: a page's JavaScript that a deploy renamed reads as a new version, one fetched
 * while offline as a connection problem, anything else as a fault of the page, each with Reload.
 */
export function ErrorCard({ error, whole = false }: { error: unknown; whole?: boolean }) {
  const { title, text } = describe(error);
  const chunk = isChunkLoadError(error);
  return (
    <main id="main" className={whole ? "page-center" : "content route-error"}>
      <section className="card route-error-card" aria-labelledby="route-error-title">
        <h1 id="route-error-title">{title}</h1>
        <p role="alert" className="route-error-text" data-kind={chunk ? "new-version" : "error"}>
          {text}
        </p>
        <div className="route-error-buttons">
          <Button variant="primary" onClick={() => window.location.reload()}>
            Reload
          </Button>
          {whole ? null : (
            <Button variant="ghost" asChild>
              <Link to="/" reloadDocument={chunk}>
                Go to the start page
              </Link>
            </Button>
          )}
        </div>
      </section>
    </main>
  );
}

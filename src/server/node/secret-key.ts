import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateSecretKey } from "../http/auth";

/**
 * The environment's secret key: API_SECRET_KEY when set, otherwise the one kept in the data folder, made on first
 * start with file mode 0600 so only this user can read it.
 */
export function loadOrCreateSecretKey(
  dataDir: string,
  fromEnv: string | undefined,
): { key: string; created: boolean } {
  if (fromEnv) {
    if (!/^sk_[A-Za-z0-9_]{16,}$/.test(fromEnv))
      throw new Error("API_SECRET_KEY must look like sk_ followed by at least 16 letters or digits");
    return { key: fromEnv, created: false };
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, "secret-key");
  try {
    return { key: readFileSync(file, "utf8").trim(), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const key = generateSecretKey();
  writeFileSync(file, key + "\n", { mode: 0o600, flag: "wx" });
  chmodSync(file, 0o600);
  return { key, created: true };
}

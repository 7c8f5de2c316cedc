import { createContext, use } from "react";
import type { ApiClient } from "../../sdk";

export const ApiContext = createContext<ApiClient | undefined>(undefined);

/** The SDK client of the signed-in session. */
export function useApi(): ApiClient {
  const api = use(ApiContext);
  if (!api) throw new Error("useApi needs an ApiContext provider");
  return api;
}

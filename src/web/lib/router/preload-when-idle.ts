import { useEffect, useRef } from "react";
import { savesData, whenIdle } from "../when-idle";
import { hrefOf, resolveTo, type To } from "./history";
import { useRouterContext } from "./router-provider";

/**
 * Fetches the code of the pages at `tos` (the likely next ones) once `ready` (the page's own requests answered) and
 * the browser is idle, unless the person saves data; each address once per mount. A failure is left to the visit.
 */
export function usePreloadWhenIdle(tos: readonly To[], ready = true): void {
  const { router, state } = useRouterContext();
  const hrefs = tos.map((to) => hrefOf(resolveTo(to, state.location)));
  const done = useRef(new Set<string>());
  const key = hrefs.join(" ");
  useEffect(() => {
    const wanted = hrefs.filter((href) => !done.current.has(href));
    if (!ready || wanted.length === 0 || savesData()) return;
    return whenIdle(() => {
      for (const href of wanted) {
        done.current.add(href);
        void router.preload(href).catch(() => undefined);
      }
    });
    // The addresses themselves, not the array that holds them.
  }, [router, ready, key]);
}

/** Where the router is: the address's path, query and fragment, the entry's state, and a key per entry. */
export type Location = { pathname: string; search: string; hash: string; state: unknown; key: string };

/** A place to go: a path (absolute, or relative to the current one as an `<a href>` would be) or its parts. */
export type To = string | { pathname?: string; search?: string; hash?: string };

/** The session history the router reads and writes: the browser's, or one in memory (tests). */
export type History = {
  readonly location: Location;
  push(to: Location): void;
  replace(to: Location): void;
  go(delta: number): void;
  /** Called with the new location when the person moves through the history (back, forward). */
  listen(listener: (location: Location) => void): () => void;
};

let keys = 0;
const nextKey = () => (++keys).toString(36);

/** `to` resolved against `from`, with `state` and a fresh key. */
export function resolveTo(to: To, from: Location, state: unknown = null): Location {
  if (typeof to === "string") {
    const url = new URL(to, `http://router${from.pathname}${from.search}`);
    return { pathname: url.pathname, search: url.search, hash: url.hash, state, key: nextKey() };
  }
  return {
    pathname: to.pathname ?? from.pathname,
    search: to.search ? (to.search.startsWith("?") ? to.search : `?${to.search}`) : "",
    hash: to.hash ? (to.hash.startsWith("#") ? to.hash : `#${to.hash}`) : "",
    state,
    key: nextKey(),
  };
}

export const hrefOf = (location: Pick<Location, "pathname" | "search" | "hash">) =>
  location.pathname + location.search + location.hash;

type EntryState = { usr: unknown; key: string } | null;

/** The browser's history; an entry keeps its key and state in `history.state`. */
export function createBrowserHistory(win: Window = window): History {
  const read = (): Location => {
    const entry = win.history.state as EntryState;
    const { pathname, search, hash } = win.location;
    return { pathname, search, hash, state: entry?.usr ?? null, key: entry?.key ?? "default" };
  };
  let location = read();
  const write = (to: Location, method: "pushState" | "replaceState") => {
    win.history[method]({ usr: to.state, key: to.key } satisfies EntryState, "", hrefOf(to));
    location = to;
  };
  return {
    get location() {
      return location;
    },
    push: (to) => write(to, "pushState"),
    replace: (to) => write(to, "replaceState"),
    go: (delta) => win.history.go(delta),
    listen(listener) {
      const onPop = () => {
        location = read();
        listener(location);
      };
      win.addEventListener("popstate", onPop);
      return () => win.removeEventListener("popstate", onPop);
    },
  };
}

/** A history in memory, starting at the last of `entries`. */
export function createMemoryHistory(entries: string[] = ["/"]): History {
  const start: Location = { pathname: "/", search: "", hash: "", state: null, key: "default" };
  const stack = entries.map((entry) => resolveTo(entry, start));
  let index = Math.max(0, stack.length - 1);
  if (stack.length === 0) stack.push(start);
  const listeners = new Set<(location: Location) => void>();
  return {
    get location() {
      return stack[index] as Location;
    },
    push(to) {
      stack.splice(index + 1, stack.length, to);
      index = stack.length - 1;
    },
    replace(to) {
      stack[index] = to;
    },
    go(delta) {
      index = Math.min(stack.length - 1, Math.max(0, index + delta));
      for (const listener of listeners) listener(stack[index] as Location);
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

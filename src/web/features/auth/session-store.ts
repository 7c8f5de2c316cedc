import { create } from "zustand";
import { signInFromLocation, TOKEN_STORAGE_KEY, type Session } from "./session";

export type SignedOutReason = "invalid" | "expired" | "signed-out" | undefined;

type SessionState = {
  session: Session | undefined;
  reason: SignedOutReason;
  signOut: (reason: Exclude<SignedOutReason, undefined>) => void;
};

function initial(): Pick<SessionState, "session" | "reason"> {
  if (typeof window === "undefined") return { session: undefined, reason: undefined };
  const { session, problem } = signInFromLocation(window.location, window.sessionStorage, (url) =>
    window.history.replaceState(window.history.state, "", url),
  );
  return { session, reason: problem };
}

/** Who is signed in in this tab. */
export const useSessionStore = create<SessionState>()((set) => ({
  ...initial(),
  signOut: (reason) => {
    window.sessionStorage.removeItem(TOKEN_STORAGE_KEY);
    set({ session: undefined, reason });
  },
}));

export const useSession = () => useSessionStore((state) => state.session);

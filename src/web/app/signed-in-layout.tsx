import { SignedOutPage, useSessionStore } from "../features/auth";
import { AppLayout } from "./app-layout";

/** The signed-out page, or the app for the signed-in session. */
export function SignedInLayout() {
  const session = useSessionStore((state) => state.session);
  const reason = useSessionStore((state) => state.reason);
  if (!session) return <SignedOutPage reason={reason} />;
  return <AppLayout key={session.token} session={session} />;
}

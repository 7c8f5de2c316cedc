import { Button } from "../../../components/ui/button";
import type { Session } from "../session";
import { useSessionStore } from "../session-store";

/** Who is signed in (read from the token, for display only) and a sign-out button. */
export function AccountBadge({ session }: { session: Session }) {
  const signOut = useSessionStore((state) => state.signOut);
  const label = session.role === "operator" ? "Operator" : "User";
  return (
    <span className="account" data-slot="account-badge">
      <span className="account-role" title={session.subject}>
        {label}
      </span>
      <Button variant="ghost" onClick={() => signOut("signed-out")}>
        Sign out
      </Button>
    </span>
  );
}

import { Navigate } from "react-router";
import { useSession } from "../../auth/session-store";
import { SpaceListPage } from "./space-list-page";

/** `/`: operators see every space; a user goes straight to their space. */
export function HomePage() {
  const session = useSession();
  if (session?.role === "user" && session.spaceId)
    return <Navigate to={`/space/${encodeURIComponent(session.spaceId)}`} replace />;
  return <SpaceListPage />;
}

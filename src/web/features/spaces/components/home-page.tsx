import { Navigate } from "../../../lib/router";
import { spacePath } from "../../../lib/paths";
import { useSession } from "../../auth";
import { SpaceListPage } from "./space-list-page";

/** `/`: operators see every space; a user goes straight to their space. */
export function HomePage() {
  const session = useSession();
  if (session?.role === "user" && session.spaceId)
    return <Navigate to={spacePath(session.spaceId)} replace />;
  return <SpaceListPage />;
}

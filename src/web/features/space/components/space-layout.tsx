import { Outlet, useParams } from "../../../lib/router";
import { SpaceSidebar } from "./space-sidebar";

/** `/space/:spaceId/*`: the sidebar beside the selected view. */
export function SpaceLayout() {
  const { spaceId = "" } = useParams();
  return (
    <div className="space-layout">
      <SpaceSidebar spaceId={spaceId} />
      <Outlet />
    </div>
  );
}

export { AccountBadge } from "./components/account-badge";
export { SignedOutPage } from "./components/signed-out-page";
export { decodeToken, type Session } from "./session";
export { useSession, useSessionStore } from "./session-store";

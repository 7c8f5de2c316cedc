import { useState } from "react";
import { Button } from "../../../components/ui/button";
import { browserNotifications, useNotificationsStore } from "../notifications-store";

/**
 * Turns the browser notifications of finished background jobs on or off. The browser asks for its permission only
 * when the user clicks here, never on load.
 */
export function NotificationsControl() {
  const enabled = useNotificationsStore((state) => state.enabled);
  const setEnabled = useNotificationsStore((state) => state.setEnabled);
  const api = browserNotifications();
  const [permission, setPermission] = useState(() => api?.permission);
  if (!api) return null;
  if (permission === "denied") {
    return (
      <p className="muted jobs-notifications" data-slot="notifications-control">
        Notifications are blocked for this site in the browser&apos;s settings.
      </p>
    );
  }
  const on = enabled && permission === "granted";
  return (
    <div className="jobs-notifications" data-slot="notifications-control">
      <span className="muted">
        {on
          ? "You get a notification when a background job finishes while this tab is hidden."
          : "Get a notification when a background job finishes while this tab is hidden."}
      </span>
      <Button
        onClick={async () => {
          if (on) return setEnabled(false);
          const answer = permission === "granted" ? permission : await api.requestPermission();
          setPermission(answer);
          setEnabled(answer === "granted");
        }}
      >
        {on ? "Turn off notifications" : "Enable notifications"}
      </Button>
    </div>
  );
}

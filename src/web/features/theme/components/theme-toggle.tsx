import { useEffect } from "react";
import { Button } from "../../../components/ui/button";
import { applyTheme, useThemeStore } from "../theme-store";

/** Switches between the light and the dark theme. */
export function ThemeToggle() {
  const theme = useThemeStore((state) => state.theme);
  const toggle = useThemeStore((state) => state.toggle);
  useEffect(() => applyTheme(theme), [theme]);
  const next = theme === "dark" ? "light" : "dark";
  return (
    <Button
      variant="ghost"
      onClick={toggle}
      aria-label={`Use the ${next} theme`}
      title={`Use the ${next} theme`}
    >
      <span aria-hidden="true">{theme === "dark" ? "☀" : "☾"}</span>
    </Button>
  );
}

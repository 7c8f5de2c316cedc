export { ThemeToggle } from "./components/theme-toggle";
export { applyTheme, useThemeStore } from "./theme-store";

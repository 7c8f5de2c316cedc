import { create } from "zustand";
import { persist } from "zustand/middleware";

export type Theme = "light" | "dark";

const preferred = (): Theme =>
  typeof window !== "undefined" && window.matchMedia?.("(prefers-color-scheme: dark)").matches
    ? "dark"
    : "light";

type ThemeState = { theme: Theme; toggle: () => void };

/** Light or dark, kept in localStorage; the first visit follows the system setting. */
export const useThemeStore = create<ThemeState>()(
  persist(
    (set) => ({
      theme: preferred(),
      toggle: () => set((state) => ({ theme: state.theme === "dark" ? "light" : "dark" })),
    }),
    { name: "jobs-panel.theme" },
  ),
);

export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  document.documentElement.style.colorScheme = theme;
}

export { GridTools } from "./components/grid-tools";
export { SelectionBar } from "./components/selection-bar";
export type { ToolTarget } from "./tool-target";

export { OutcomeHost } from "./components/outcome-host";
export { ToastNextStep } from "./components/toast-next-step";
export { startDownload } from "./download";

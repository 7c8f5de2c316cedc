/**
 * The scenario panel, shown in mock mode only (its own React root, mounted by src/mocks/main.tsx): buttons that
 * provoke what a real backend rarely does on demand, and sign-in switches. Collapsed by default so that it hides
 * nothing of the dashboard.
 */
import { useState } from "react";
import { Button } from "../web/components/ui/button";
import { BURST_SIZE, type Scenarios } from "./scenarios";
import "./scenario-panel.css";

export type ScenarioPanelProps = {
  scenarios: Scenarios;
  /** Opens the dashboard as the demo space's end user, or as an operator. */
  signInAs: (who: "user" | "operator") => Promise<void>;
  /** Opens the dashboard signed in with `token` (the refused-token scenario). */
  signInWith: (token: string) => void;
};

type Scenario = { label: string; description: string; run: () => Promise<string> };

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function ScenarioPanel({ scenarios, signInAs, signInWith }: ScenarioPanelProps) {
  const [status, setStatus] = useState("The demo listener runs in this page; nothing leaves the browser.");
  const [running, setRunning] = useState<string | undefined>();

  const list: Scenario[] = [
    {
      label: "Slow job",
      description: "About 30 s, with progress, a message and time left at each step.",
      run: async () => `Started slow job ${(await scenarios.slowJob()).id}.`,
    },
    {
      label: "Failing job",
      description: "The listener fails it after a moment.",
      run: async () => `Started job ${(await scenarios.failingJob()).id}; it will fail.`,
    },
    {
      label: `Burst of ${BURST_SIZE.toLocaleString("en")} jobs`,
      description: "Created as fast as the API takes them; the listener completes each.",
      run: async () => `Created ${(await scenarios.burst()).toLocaleString("en")} jobs.`,
    },
    {
      label: "Drop the event stream",
      description: "Cuts every stream and refuses new ones for 3 s; the dashboard reconnects and resumes.",
      run: async () => `Cut ${scenarios.dropStream()} event stream(s); back in 3 s.`,
    },
    {
      label: "Server error on the next call",
      description: "The dashboard's next request answers 500.",
      run: async () => {
        setStatus("Armed: the dashboard's next request will fail.");
        const { method, path } = await scenarios.serverErrorOnNextCall();
        return `Answered ${method} ${path} with a 500.`;
      },
    },
    {
      label: "Refused user token",
      description: "Signs in with a token the server refuses.",
      run: async () => {
        signInWith(await scenarios.refusedUserToken());
        return "Signed in with a refused token.";
      },
    },
    {
      label: "Sign in as end user",
      description: "The demo space's end user, as the link of npm start.",
      run: async () => {
        await signInAs("user");
        return "Signed in as the end user of the demo space.";
      },
    },
    {
      label: "Sign in as operator",
      description: "Every space, every job.",
      run: async () => {
        await signInAs("operator");
        return "Signed in as an operator.";
      },
    },
  ];

  const run = async (scenario: Scenario) => {
    setRunning(scenario.label);
    setStatus(`${scenario.label}…`);
    try {
      setStatus(await scenario.run());
    } catch (error) {
      setStatus(`${scenario.label} failed: ${errorText(error)}`);
    } finally {
      setRunning(undefined);
    }
  };

  return (
    <aside className="mock-panel" aria-label="Mock mode">
      <details>
        <summary>Mock mode: scenarios</summary>
        <ul className="mock-panel-list">
          {list.map((scenario) => (
            <li key={scenario.label}>
              <Button
                onClick={() => void run(scenario)}
                disabled={running === scenario.label}
                aria-describedby={`mock-${scenario.label.replace(/\W+/g, "-")}`}
              >
                {scenario.label}
              </Button>
              <span id={`mock-${scenario.label.replace(/\W+/g, "-")}`} className="mock-panel-hint">
                {scenario.description}
              </span>
            </li>
          ))}
        </ul>
        <p className="mock-panel-status" role="status">
          {status}
        </p>
      </details>
    </aside>
  );
}

import { Alert, Badge, Tooltip } from "@mantine/core";

/** A small persistent marker that this is the demo: public demo sign-ins, a movable clock. */
export function DemoBadge() {
  return (
    <Tooltip label="Demo mode: demo accounts with a public password, simulated patients and a movable clock">
      <Badge color="orange" variant="filled" aria-label="Demo mode">
        demo
      </Badge>
    </Tooltip>
  );
}

/** On the sign-in and forced-change screens, where the header is not shown. */
export function DemoNotice() {
  return (
    <Alert color="orange" variant="light" title="Demo mode" role="note" aria-label="Demo mode">
      Demo data only: do not enter real patient information.
    </Alert>
  );
}

/**
 * Demo mode asked for alongside real settings (DEMO_MODE=on with Twilio, a shared database...):
 * everyone must see on every page that public demo passwords and a movable clock are live here.
 */
export function DemoAlongsideWarning({ real }: { real: string[] }) {
  return (
    <Alert
      color="red"
      variant="filled"
      role="alert"
      title="Demo mode is on in a configured deployment"
      mb="md"
    >
      Demo accounts with a public password and a movable demo clock are enabled alongside {real.join(", ")}.
      Turn demo mode off (DEMO_MODE=off) before real patients are enrolled.
    </Alert>
  );
}

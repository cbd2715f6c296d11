import { Center, Loader } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { type ComponentType, lazy, Suspense } from "react";
import { Route, Switch } from "wouter";
import { AppLayout } from "./components/app-layout";
import { LiveStatus } from "./components/live-status";
import { ErrorState, LoadingState } from "./components/states";
import { useTRPC } from "./lib/trpc";
import { ForcedPasswordPage } from "./pages/forced-password-page";
import { NotFoundPage } from "./pages/not-found-page";
import { SignInPage } from "./pages/sign-in-page";

// Every view is its own chunk: a nurse's first load carries the queue only.
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}
const QueuePage = page(() => import("./pages/queue/queue-page"), "QueuePage");
const TaskDetailPage = page(() => import("./pages/task/task-detail-page"), "TaskDetailPage");
const PatientPage = page(() => import("./pages/task/patient-page"), "PatientPage");
const BoardPage = page(() => import("./pages/board/board-page"), "BoardPage");
const RunsPage = page(() => import("./pages/runs/runs-page"), "RunsPage");
const IntakePage = page(() => import("./pages/intake/intake-page"), "IntakePage");
const SimulatorPage = page(() => import("./pages/simulator/simulator-page"), "SimulatorPage");
const StaffPage = page(() => import("./pages/admin/staff-page"), "StaffPage");
const ShiftsPage = page(() => import("./pages/admin/shifts-page"), "ShiftsPage");
const VisitRequestsPage = page(() => import("./pages/visits/visit-requests-page"), "VisitRequestsPage");
const ClinicsPage = page(() => import("./pages/admin/clinics-page"), "ClinicsPage");
const ProtocolsPage = page(() => import("./pages/admin/protocols-page"), "ProtocolsPage");
const SystemPage = page(() => import("./pages/admin/system-page"), "SystemPage");
const HospitalMessagesPage = page(
  () => import("./pages/admin/hospital-messages-page"),
  "HospitalMessagesPage",
);
const EhrNotesPage = page(() => import("./pages/admin/ehr-notes-page"), "EhrNotesPage");
const WeeklySummaryPage = page(() => import("./pages/reports/weekly-summary-page"), "WeeklySummaryPage");
const TcmPage = page(() => import("./pages/tcm/tcm-page"), "TcmPage");

export function App() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  if (me.isPending) {
    return (
      <Center h="100vh">
        <Loader role="status" aria-label="Loading" />
      </Center>
    );
  }
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data.user) return <SignInPage demo={me.data.demo} />;
  // The server refuses everything else to this session too; this is only the matching screen.
  if (me.data.user.mustChangePassword)
    return <ForcedPasswordPage name={me.data.user.name} demo={me.data.demo} />;
  return (
    <AppLayout user={me.data.user}>
      <LiveStatus />
      <Suspense fallback={<LoadingState label="Loading view" />}>
        <Switch>
          <Route path="/" component={QueuePage} />
          <Route path="/tasks/:id" component={TaskDetailPage} />
          <Route path="/patients/:id" component={PatientPage} />
          <Route path="/board" component={BoardPage} />
          <Route path="/tcm" component={TcmPage} />
          <Route path="/runs" component={RunsPage} />
          <Route path="/intake" component={IntakePage} />
          <Route path="/simulator" component={SimulatorPage} />
          <Route path="/admin/staff" component={StaffPage} />
          <Route path="/admin/shifts" component={ShiftsPage} />
          <Route path="/visits" component={VisitRequestsPage} />
          <Route path="/admin/clinics" component={ClinicsPage} />
          <Route path="/admin/protocols" component={ProtocolsPage} />
          <Route path="/admin/system" component={SystemPage} />
          <Route path="/admin/hospital-messages" component={HospitalMessagesPage} />
          <Route path="/admin/ehr-notes" component={EhrNotesPage} />
          <Route path="/reports/weekly" component={WeeklySummaryPage} />
          <Route path="/reports/weekly/:week" component={WeeklySummaryPage} />
          <Route component={NotFoundPage} />
        </Switch>
      </Suspense>
    </AppLayout>
  );
}

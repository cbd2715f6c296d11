import { Center, Loader } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Route, Switch } from "wouter";
import { AppLayout } from "./components/app-layout";
import { ErrorState } from "./components/states";
import { useTRPC } from "./lib/trpc";
import { NotFoundPage } from "./pages/not-found-page";
import { QueuePage } from "./pages/queue-page";
import { SignInPage } from "./pages/sign-in-page";

export function App() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  if (me.isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data.user) return <SignInPage />;
  return (
    <AppLayout user={me.data.user}>
      <Switch>
        <Route path="/" component={QueuePage} />
        <Route component={NotFoundPage} />
      </Switch>
    </AppLayout>
  );
}

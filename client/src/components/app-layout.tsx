import { AppShell, Badge, Burger, Button, Group, NavLink, Stack, Text, Title, Tooltip } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { hashKey, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link, useLocation } from "wouter";
import { useTRPC } from "../lib/trpc";
import { ClockControl } from "./clock-control";
import { IdleGuard } from "./idle-guard";
import { navItemsFor, type Role } from "./nav-items";
import { NotificationBell } from "./notification-bell";

interface LayoutUser {
  name: string;
  role: Role;
}

export function AppLayout({ user, children }: { user: LayoutUser; children: ReactNode }) {
  const [opened, { toggle, close }] = useDisclosure();
  const [location] = useLocation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const system = useQuery(trpc.auth.system.queryOptions());
  const meHash = hashKey(trpc.auth.me.queryKey());
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      onSuccess: () => {
        // Show the sign-in form at once (clearing the cache alone leaves the mounted view as it
        // was), then drop everything the previous user had loaded.
        queryClient.setQueryData(trpc.auth.me.queryKey(), { user: null, idleRemainingMs: null });
        queryClient.removeQueries({ predicate: (q) => q.queryHash !== meHash });
      },
    }),
  );
  const mode = system.data?.mode;
  const items = navItemsFor(user.role, mode);
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Title order={1} size="h4">
              Sequora
            </Title>
            {system.data && (
              <Text c="dimmed" size="sm" visibleFrom="sm">
                {system.data.hospitalName}
              </Text>
            )}
            {mode && (
              <Tooltip
                label={
                  mode === "embedded"
                    ? "Embedded mode: local run engine and SMS outbox; nothing leaves this machine"
                    : "Connected mode: Trigger.dev and Twilio"
                }
              >
                <Badge
                  color={mode === "embedded" ? "grape" : "teal"}
                  variant="light"
                  aria-label={`Mode: ${mode}`}
                >
                  {mode}
                </Badge>
              </Tooltip>
            )}
          </Group>
          <Group gap="sm">
            {user.role === "ADMIN" && mode === "embedded" && <ClockControl />}
            <NotificationBell />
            <Text size="sm" aria-label="Signed in as">
              {user.name} · {user.role.toLowerCase()}
            </Text>
            <Button variant="subtle" size="xs" onClick={() => signOut.mutate()} loading={signOut.isPending}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        <Stack gap={2}>
          {items.map((item) => (
            <NavLink
              key={item.href}
              component={Link}
              href={item.href}
              label={item.label}
              active={item.href === "/" ? location === "/" : location.startsWith(item.href)}
              onClick={close}
            />
          ))}
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main>
        <IdleGuard />
        {children}
      </AppShell.Main>
    </AppShell>
  );
}

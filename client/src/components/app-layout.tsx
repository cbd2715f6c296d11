import {
  AppShell,
  Badge,
  Burger,
  Button,
  Group,
  Menu,
  Modal,
  NavLink,
  Stack,
  Text,
  Title,
  Tooltip,
  UnstyledButton,
  VisuallyHidden,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { hashKey, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link, useLocation } from "wouter";
import { useTRPC } from "../lib/trpc";
import { ChangePasswordForm } from "./change-password-form";
import { ClockControl } from "./clock-control";
import { ColorSchemeSwitch } from "./color-scheme-switch";
import { DemoAlongsideWarning, DemoBadge } from "./demo-notice";
import { IdleGuard } from "./idle-guard";
import { LiveAnnouncer } from "./live-announcer";
import { navItemsFor, type Role } from "./nav-items";
import { NotificationBell } from "./notification-bell";
import { ShortcutsOverlay } from "./shortcuts-overlay";
import { undoLastClaim } from "./use-claim";
import { useShortcuts } from "./use-shortcuts";

interface LayoutUser {
  name: string;
  role: Role;
}

export function AppLayout({ user, children }: { user: LayoutUser; children: ReactNode }) {
  const [opened, { toggle, close }] = useDisclosure();
  const [passwordOpen, passwordDialog] = useDisclosure();
  const [helpOpen, help] = useDisclosure();
  useShortcuts(!helpOpen && !passwordOpen, { "?": help.open, u: () => void undoLastClaim() });
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
        queryClient.setQueryData(trpc.auth.me.queryKey(), (prev) => ({
          user: null,
          demo: prev?.demo ?? false,
          idleRemainingMs: null,
        }));
        queryClient.removeQueries({ predicate: (q) => q.queryHash !== meHash });
      },
    }),
  );
  const mode = system.data?.mode;
  const demo = system.data?.demo === true;
  const items = navItemsFor(user.role, system.data?.simulator);
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        {/* One line at tablet width and at 200% zoom: the less needed labels step aside first. */}
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
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
              <Text c="dimmed" size="sm" visibleFrom="lg">
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
                  visibleFrom="md"
                  color={mode === "embedded" ? "grape" : "teal"}
                  variant="light"
                  aria-label={`Mode: ${mode}`}
                >
                  {mode}
                </Badge>
              </Tooltip>
            )}
            {demo && <DemoBadge />}
          </Group>
          <Group gap="xs" wrap="nowrap">
            {user.role === "ADMIN" && demo && <ClockControl />}
            <NotificationBell />
            <Button
              variant="subtle"
              size="xs"
              px={8}
              onClick={help.open}
              aria-keyshortcuts="?"
              aria-label="Keyboard shortcuts (?)"
            >
              ?
            </Button>
            <ColorSchemeSwitch />
            <Menu position="bottom-end">
              <Menu.Target>
                {/* The visible name stays in the accessible name (WCAG 2.5.3), then what it opens. */}
                <UnstyledButton fz="sm">
                  <Text size="sm" component="span" visibleFrom="sm">
                    {user.name} · {user.role.toLowerCase()}
                  </Text>
                  <Text size="sm" component="span" hiddenFrom="sm">
                    Account
                  </Text>
                  <VisuallyHidden>, signed in. Account menu</VisuallyHidden>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item onClick={passwordDialog.open}>Change password</Menu.Item>
                <Menu.Item hiddenFrom="sm" onClick={() => signOut.mutate()}>
                  Sign out
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
            <Button
              variant="subtle"
              size="xs"
              visibleFrom="sm"
              onClick={() => signOut.mutate()}
              loading={signOut.isPending}
            >
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
        {demo && system.data && system.data.demoAlongside.length > 0 && (
          <DemoAlongsideWarning real={system.data.demoAlongside} />
        )}
        <IdleGuard />
        <LiveAnnouncer />
        {children}
      </AppShell.Main>
      <ShortcutsOverlay opened={helpOpen} onClose={help.close} />
      <Modal opened={passwordOpen} onClose={passwordDialog.close} title="Change password">
        <ChangePasswordForm
          onCancel={passwordDialog.close}
          onDone={() => {
            passwordDialog.close();
            notifications.show({
              color: "teal",
              title: "Password changed",
              message: "Your other sessions were signed out",
            });
          }}
        />
      </Modal>
    </AppShell>
  );
}

import { Anchor } from "@mantine/core";
import { Link } from "wouter";
import { EmptyState } from "../components/states";

export function NotFoundPage() {
  return (
    <EmptyState title="This page does not exist">
      <Anchor component={Link} href="/">
        Back to the task queue
      </Anchor>
    </EmptyState>
  );
}

export type Role = "NURSE" | "SUPERVISOR" | "ADMIN";

export interface NavItem {
  href: string;
  label: string;
  roles: readonly Role[];
}

/** What each role sees in the sidebar; a view is listed here once it exists. */
export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/", label: "Task queue", roles: ["NURSE", "SUPERVISOR", "ADMIN"] },
];

export type Role = "NURSE" | "SUPERVISOR" | "ADMIN";

export interface NavItem {
  href: string;
  label: string;
  roles: readonly Role[];
  /** Demo mode with the local SMS outbox only (the server refuses it elsewhere). */
  simulatorOnly?: boolean;
}

const ALL: readonly Role[] = ["NURSE", "SUPERVISOR", "ADMIN"];

/** What each role sees in the sidebar; the server enforces the same roles on every procedure. */
export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/", label: "Task queue", roles: ALL },
  { href: "/visits", label: "Visit requests", roles: ALL },
  { href: "/board", label: "SLA board", roles: ["SUPERVISOR", "ADMIN"] },
  { href: "/tcm", label: "Transitional care", roles: ["SUPERVISOR", "ADMIN"] },
  { href: "/intake", label: "Discharge intake", roles: ["SUPERVISOR", "ADMIN"] },
  { href: "/runs", label: "Workflow runs", roles: ["SUPERVISOR", "ADMIN"] },
  { href: "/reports/weekly", label: "Weekly summary", roles: ["SUPERVISOR", "ADMIN"] },
  { href: "/simulator", label: "Phone simulator", roles: ALL, simulatorOnly: true },
  { href: "/admin/staff", label: "Staff", roles: ["ADMIN"] },
  { href: "/admin/shifts", label: "On-call shifts", roles: ["ADMIN"] },
  { href: "/admin/clinics", label: "Clinics", roles: ["ADMIN"] },
  { href: "/admin/protocols", label: "Protocols", roles: ["SUPERVISOR", "ADMIN"] },
  { href: "/admin/system", label: "System", roles: ["ADMIN"] },
  { href: "/admin/hospital-messages", label: "Hospital messages", roles: ["ADMIN"] },
  { href: "/admin/ehr-notes", label: "Notes to the EHR", roles: ["ADMIN"] },
];

export function navItemsFor(role: Role, simulator: boolean | undefined): NavItem[] {
  return NAV_ITEMS.filter((item) => item.roles.includes(role) && (!item.simulatorOnly || simulator === true));
}

/** The minimum necessary in a list or notice: first name and last initial ("Carmen D."). */
export function listName(patient: { firstName: string; lastName: string }): string {
  return `${patient.firstName} ${patient.lastName.slice(0, 1)}.`;
}

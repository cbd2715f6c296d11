import { Kbd, Modal, Table, Text } from "@mantine/core";

const GROUPS: { title: string; keys: [string[], string][] }[] = [
  {
    title: "Anywhere",
    keys: [
      [["?"], "Show this list"],
      [["u"], "Undo a claim (for a few seconds after it)"],
      [["Tab"], "Move to the next control (Shift+Tab: back)"],
      [["Esc"], "Close a dialog or menu"],
    ],
  },
  {
    title: "Task queue",
    keys: [
      [["j"], "Next task"],
      [["k"], "Previous task"],
      [["Enter"], "Open the selected task"],
      [["c"], "Claim the selected task"],
      [["n"], "Add a note"],
      [["r"], "Reassign"],
      [["d"], "Resolve with a disposition"],
    ],
  },
  {
    title: "Open task",
    keys: [
      [["c"], "Claim"],
      [["n"], "Add a note"],
      [["r"], "Reassign"],
      [["d"], "Resolve"],
    ],
  },
  {
    title: "SLA board",
    keys: [[["Space"], "Select or clear the focused task's checkbox"]],
  },
];

/** The `?` overlay: every keyboard shortcut of the console, in one table per place. */
export function ShortcutsOverlay({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" size="lg">
      <Text size="sm" mb="sm">
        Single-letter keys work when no text field has the focus.
      </Text>
      {GROUPS.map((g) => (
        <Table key={g.title} mb="md" aria-label={`${g.title} shortcuts`} verticalSpacing={4}>
          <Table.Caption style={{ captionSide: "top", textAlign: "left", fontWeight: 600 }}>
            {g.title}
          </Table.Caption>
          <Table.Tbody>
            {g.keys.map(([keys, what]) => (
              <Table.Tr key={what}>
                <Table.Td w={90}>
                  {keys.map((k) => (
                    <Kbd key={k}>{k}</Kbd>
                  ))}
                </Table.Td>
                <Table.Td>{what}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ))}
    </Modal>
  );
}

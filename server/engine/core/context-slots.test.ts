import { describe, expect, it } from "vitest";
import { onFirstUse } from "./context-slots.js";

class Manager {
  handlers = 0;
  runId: string | undefined;
  on(): number {
    return ++this.handlers;
  }
  clearHandlers(): void {
    this.handlers = 0;
  }
}

describe("onFirstUse", () => {
  it("makes nothing for the idle calls, then one manager on the first real use", () => {
    let made = 0;
    const lazy = onFirstUse(() => {
      made++;
      return new Manager();
    }, ["clearHandlers"]);
    lazy.slot.clearHandlers();
    expect(made).toBe(0);
    expect(lazy.made()).toBeUndefined();

    expect(lazy.slot.on()).toBe(1);
    expect(lazy.slot.on()).toBe(2);
    expect(made).toBe(1);
    // Once made, an idle call reaches the manager.
    lazy.slot.clearHandlers();
    expect(lazy.made()?.handlers).toBe(0);
  });

  it("reads and writes properties on the manager itself", () => {
    const lazy = onFirstUse(() => new Manager(), []);
    lazy.slot.runId = "run_1";
    expect(lazy.made()?.runId).toBe("run_1");
    expect(lazy.slot.runId).toBe("run_1");
  });
});

import { describe, expect, it } from "@jest/globals";
import { createExternalStore } from "@cairn/core/createExternalStore";

describe("createExternalStore", () => {
  it("keeps its snapshot until set to a different value, and tells subscribers only then", () => {
    const store = createExternalStore({ count: 0 });
    const first = store.getSnapshot();
    let told = 0;
    const unsubscribe = store.subscribe(() => told++);
    store.set((current) => current);
    expect(store.getSnapshot()).toBe(first);
    expect(told).toBe(0);
    store.set((current) => ({ count: current.count + 1 }));
    expect(store.getSnapshot()).toEqual({ count: 1 });
    expect(told).toBe(1);
    unsubscribe();
    store.set({ count: 2 });
    expect(told).toBe(1);
  });

  it("tells subscribers of changes made outside it (notify)", () => {
    const store = createExternalStore(null);
    const told: string[] = [];
    store.subscribe(() => told.push("a"));
    store.subscribe(() => told.push("b"));
    store.notify();
    expect(told).toEqual(["a", "b"]);
  });
});

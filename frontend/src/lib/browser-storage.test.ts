import { mirrorStored, readStored, removeStored, seedStored, writeStored } from "./browser-storage";

afterEach(() => {
  mirrorStored(null);
  vi.restoreAllMocks();
});

describe("browser storage", () => {
  it("keeps values in localStorage and tells the mirror", () => {
    const mirrored: Array<[string, string | null, boolean]> = [];
    mirrorStored((key, value, kept) => mirrored.push([key, value, kept]));
    writeStored("harbor.a", "1");
    expect(window.localStorage.getItem("harbor.a")).toBe("1");
    expect(readStored("harbor.a")).toBe("1");
    removeStored("harbor.a");
    expect(readStored("harbor.a")).toBeNull();
    expect(mirrored).toEqual([
      ["harbor.a", "1", true],
      ["harbor.a", null, false],
    ]);
  });

  it("falls back to memory when storage is blocked, as in a cross-site iframe", () => {
    vi.spyOn(Storage.prototype, "getItem").mockImplementation(() => {
      throw new DOMException("denied", "SecurityError");
    });
    vi.spyOn(Storage.prototype, "setItem").mockImplementation(() => {
      throw new DOMException("denied", "SecurityError");
    });
    const mirrored: Array<[string, string | null, boolean]> = [];
    mirrorStored((key, value, kept) => mirrored.push([key, value, kept]));
    expect(readStored("harbor.b")).toBeNull();
    writeStored("harbor.b", "2");
    expect(mirrored).toEqual([["harbor.b", "2", false]]);
    expect(readStored("harbor.b")).toBe("2");
    removeStored("harbor.b");
    expect(readStored("harbor.b")).toBeNull();
  });

  it("uses what the store's page handed over only where its own storage has nothing", () => {
    window.localStorage.setItem("harbor.own", "mine");
    seedStored({ "harbor.own": "theirs", "harbor.seeded": "theirs" });
    expect(readStored("harbor.own")).toBe("mine");
    expect(readStored("harbor.seeded")).toBe("theirs");
    removeStored("harbor.seeded");
    expect(readStored("harbor.seeded")).toBeNull();
  });
});

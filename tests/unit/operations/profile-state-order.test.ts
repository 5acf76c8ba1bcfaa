import { describe, expect, it } from "vitest";

import {
  advanceSmdpState,
  notificationAdvances,
} from "@/lib/operations/profile-state-order";

describe("advanceSmdpState", () => {
  it("Released over Linked", () => {
    expect(advanceSmdpState("Linked", "Released")).toBe("Released");
  });

  it("Downloaded kept over late Released", () => {
    expect(advanceSmdpState("Downloaded", "Released")).toBe("Downloaded");
  });

  it("Error kept over late Released", () => {
    expect(advanceSmdpState("Error", "Released")).toBe("Error");
  });
});

describe("notificationAdvances", () => {
  it("Installed after Released applies", () => {
    expect(notificationAdvances("Released", "Installed")).toBe(true);
  });

  it("Downloaded after Installed ignored", () => {
    expect(notificationAdvances("Installed", "Downloaded")).toBe(false);
  });

  it("Error after Downloaded applies", () => {
    expect(notificationAdvances("Downloaded", "Error")).toBe(true);
  });

  it("Error after Installed ignored", () => {
    expect(notificationAdvances("Installed", "Error")).toBe(false);
  });

  it("cancelled profile not changed", () => {
    expect(notificationAdvances("Unavailable", "Downloaded")).toBe(false);
  });
});

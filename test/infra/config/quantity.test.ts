import { describe, expect, it } from "vitest";
import { compareQuantities, parseQuantity } from "../../../infra/config/quantity";

// Kubernetes quantities (k8s.io/apimachinery resource.Quantity): decimal SI suffixes, binary suffixes, exponents.
describe("Kubernetes quantities", () => {
  it.each([
    ["1", "1000m"],
    ["0.5", "500m"],
    ["1Gi", "1024Mi"],
    ["1Mi", "1048576"],
    ["1k", "1000"],
    ["1M", "1000k"],
    ["1e3", "1k"],
    ["1500m", "1.5"],
    ["100u", "0.1m"],
    ["1.5Gi", "1536Mi"],
  ])("%s equals %s", (a, b) => expect(compareQuantities(a, b)).toBe(0));

  it.each([
    ["1001m", "1"],
    ["2", "1500m"],
    ["1Gi", "1G"],
    ["1025Mi", "1Gi"],
  ])("orders %s against %s", (a, b) => {
    expect(compareQuantities(a, b)).toBe(1);
    expect(compareQuantities(b, a)).toBe(-1);
  });

  it("keeps precision where floating point would not (0.1 + 0.2 style)", () => {
    expect(compareQuantities("300m", "0.3")).toBe(0);
    expect(compareQuantities("0.3000000000000001", "0.3")).toBe(1);
  });

  it.each(["", "1.", ".5", "1Q", "Gi", "1 Gi", "-1", "1ki"])("refuses %j", (text) => {
    expect(() => parseQuantity(text)).toThrow(/not a Kubernetes quantity/);
  });
});

// Light and dark themes. With no choice stored the page follows prefers-color-scheme (pure CSS); the toggle stores an
// explicit choice in localStorage and sets data-theme on <html>. Choosing what the system already prefers clears the
// choice, so the page follows the system again. Listeners (the chart) hear when the effective theme changes.

const STORAGE = "pguide.theme";
const media = window.matchMedia("(prefers-color-scheme: dark)");
const listeners = new Set();
let choice = read();

function read() {
  try {
    const value = localStorage.getItem(STORAGE);
    return value === "dark" || value === "light" ? value : null;
  } catch { return null; }
}

function write(value) {
  try {
    if (value) localStorage.setItem(STORAGE, value);
    else localStorage.removeItem(STORAGE);
  } catch { /* storage disabled: the choice lasts until reload */ }
}

const systemTheme = () => (media.matches ? "dark" : "light");
export const currentTheme = () => choice || systemTheme();

export function onThemeChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function apply(button) {
  if (choice) document.documentElement.dataset.theme = choice;
  else delete document.documentElement.dataset.theme;
  const next = currentTheme() === "dark" ? "light" : "dark";
  button.textContent = next === "dark" ? "Dark theme" : "Light theme";
  button.setAttribute("aria-label", `Switch to the ${next} theme`);
  button.dataset.theme = currentTheme();
  for (const listener of listeners) listener(currentTheme());
}

export function initTheme(button) {
  apply(button);
  media.addEventListener("change", () => apply(button));
  button.addEventListener("click", () => {
    const next = currentTheme() === "dark" ? "light" : "dark";
    choice = next === systemTheme() ? null : next;
    write(choice);
    apply(button);
  });
}

// Keeps the user's light/dark choice for a year (read by the server on the next page load, so no flash of the wrong theme).
export function save(name, value, secure) {
  document.cookie = `${name}=${value}; path=/; max-age=31536000; samesite=lax${secure ? '; secure' : ''}`;
}

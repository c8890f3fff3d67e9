// Chat input: Enter sends, Shift+Enter starts a new line (IME composition is left alone).
export function attachInput(textarea, dotnet) {
    const onKey = (e) => {
        if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            const text = textarea.value;
            dotnet.invokeMethodAsync("SendFromKeyboard", text);
        }
    };
    textarea.addEventListener("keydown", onKey);
    return { dispose: () => textarea.removeEventListener("keydown", onKey) };
}

export function clearAndFocus(textarea) {
    textarea.value = "";
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
    textarea.focus();
}

export function scrollToEnd(element) {
    if (element) {
        element.scrollTop = element.scrollHeight;
    }
}

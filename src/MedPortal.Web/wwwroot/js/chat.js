// Chat input: Enter sends, Shift+Enter starts a new line (IME composition is left alone).
// The box is cleared at once, before the server answers, so typing straight on is never wiped by a late clear;
// if the server does not accept the text (too long), it is put back.
export function attachInput(textarea, dotnet) {
    const onKey = async (e) => {
        if (e.key !== "Enter" || e.shiftKey || e.isComposing) {
            return;
        }
        e.preventDefault();
        const text = textarea.value;
        if (text.trim().length === 0) {
            return;
        }
        setValue(textarea, "");
        const accepted = await dotnet.invokeMethodAsync("SendFromKeyboard", text);
        if (!accepted && textarea.value.length === 0) {
            setValue(textarea, text);
        }
    };
    textarea.addEventListener("keydown", onKey);
    // Until this runs, Enter only adds a new line: the box says when Enter sends (browser tests wait for it).
    textarea.dataset.enterSends = "true";
    return {
        dispose: () => {
            textarea.removeEventListener("keydown", onKey);
            delete textarea.dataset.enterSends;
        },
    };
}

function setValue(textarea, value) {
    textarea.value = value;
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
}

export function clearAndFocus(textarea) {
    setValue(textarea, "");
    textarea.focus();
}

export function scrollToEnd(element) {
    if (element) {
        element.scrollTop = element.scrollHeight;
    }
}

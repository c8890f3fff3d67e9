// A form marked data-busy-form submits once: its button is disabled, marked aria-busy and shows its data-busy-text
// while the browser waits for the answer. Listening on the document keeps this working when Blazor replaces the
// prerendered form with the interactive one; without script the form still posts.
const label = button => [...button.querySelectorAll('*')].concat(button)
  .flatMap(element => [...element.childNodes])
  .filter(node => node.nodeType === Node.TEXT_NODE && node.textContent.trim() !== '')
  .pop();

document.addEventListener('submit', event => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-busy-form')) {
    return;
  }
  if (form.dataset.busy === 'true') {
    event.preventDefault();
    return;
  }
  form.dataset.busy = 'true';
  const button = event.submitter ?? form.querySelector('button[type=submit]');
  if (!button) {
    return;
  }
  const text = label(button);
  if (text && button.dataset.busyText) {
    button.dataset.idleText = text.textContent;
    text.textContent = button.dataset.busyText;
  }
  button.setAttribute('aria-busy', 'true');
  // Disabled after the submit event, so the browser has already taken the form's data.
  button.disabled = true;
});

// Back from the next page (bfcache): the form is usable again.
window.addEventListener('pageshow', () => {
  for (const form of document.querySelectorAll('form[data-busy-form][data-busy=true]')) {
    delete form.dataset.busy;
    for (const button of form.querySelectorAll('button[aria-busy=true]')) {
      const text = label(button);
      if (text && button.dataset.idleText) {
        text.textContent = button.dataset.idleText;
      }
      button.setAttribute('aria-busy', 'false');
      button.disabled = false;
    }
  }
});

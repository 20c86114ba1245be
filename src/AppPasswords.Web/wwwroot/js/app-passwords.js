// "App password created" page.
// Copy buttons ([data-copy-target]): Clipboard API, visible "Copied" feedback in the button's status element
// (a polite live region, so screen readers announce it), and a fallback that selects the text so the user can
// copy it by hand where the clipboard is unavailable.
// Profile download form: the server allows one download, so after submitting the button is disabled and says so.
(function () {
    'use strict';

    var statuses = [];

    function clearStatuses() {
        statuses.forEach(function (status) { status.textContent = ''; });
        document.querySelectorAll('[data-copy-target].copied').forEach(function (b) { b.classList.remove('copied'); });
    }

    function textOf(target) {
        return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement ? target.value : target.textContent.trim();
    }

    function select(target) {
        if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) {
            target.focus();
            target.select();
            return;
        }
        var range = document.createRange();
        range.selectNodeContents(target);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
    }

    document.querySelectorAll('[data-copy-target]').forEach(function (button) {
        var target = document.getElementById(button.getAttribute('data-copy-target'));
        var status = document.getElementById(button.getAttribute('data-copy-status'));
        if (status) { statuses.push(status); }

        function say(text) {
            clearStatuses();
            if (status) { status.textContent = text; }
        }

        function fallback() {
            say(button.getAttribute('data-copy-failed-text'));
            select(target);
        }

        button.addEventListener('click', function () {
            if (!target) { return; }
            if (navigator.clipboard && window.isSecureContext) {
                navigator.clipboard.writeText(textOf(target)).then(function () {
                    say(button.getAttribute('data-copied-text'));
                    button.classList.add('copied');
                }, fallback);
            } else {
                fallback();
            }
        });
    });

    document.querySelectorAll('form.profile-download').forEach(function (form) {
        form.addEventListener('submit', function () {
            var button = form.querySelector('button[type="submit"]');
            var status = document.getElementById(form.getAttribute('data-download-status'));
            // Disabled after the form data is read, so this submission still goes out.
            window.setTimeout(function () {
                if (button) { button.disabled = true; }
                if (status) { status.textContent = form.getAttribute('data-downloaded-text'); }
            }, 0);
        });
    });
})();

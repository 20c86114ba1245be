// Copy button on the "app password created" page: Clipboard API, visible and announced feedback,
// and a fallback that selects the text so the user can copy it by hand.
(function () {
    'use strict';
    document.querySelectorAll('[data-copy-target]').forEach(function (button) {
        var target = document.getElementById(button.getAttribute('data-copy-target'));
        var status = document.getElementById('copy-status');
        function say(text) {
            if (status) { status.textContent = text; }
        }
        function selectFallback() {
            target.focus();
            target.select();
            say(button.getAttribute('data-copy-failed-text'));
        }
        button.addEventListener('click', function () {
            if (!target) { return; }
            if (navigator.clipboard && window.isSecureContext) {
                navigator.clipboard.writeText(target.value).then(function () {
                    say(button.getAttribute('data-copied-text'));
                    button.classList.add('copied');
                }, selectFallback);
            } else {
                selectFallback();
            }
        });
    });
})();

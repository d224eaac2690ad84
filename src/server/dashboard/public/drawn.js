// Runs where the page's server-drawn charts end (a parser-blocking script, so every chart above it is in the
// document): marks when they are in and when the frame that shows them has been painted, for the bench and tests.
performance.mark('greenlight:drawn');
window.requestAnimationFrame(() => setTimeout(() => performance.mark('greenlight:drawn-painted')));

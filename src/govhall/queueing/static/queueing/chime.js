/* The hall's voice: a two-tone chime made with Web Audio, then the call said twice by the
   browser's speech synthesis (zh-CN). Announcements wait in a queue so calls never talk over
   each other. Browsers allow sound only after a click, so unlock() must run inside one. */
"use strict";

window.GovhallVoice = (() => {
  const queue = [];
  let context = null;
  let unlocked = false;
  let busy = false;
  let volume = 0.8;

  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  function chime() {
    if (!context) return Promise.resolve();
    const start = context.currentTime + 0.05;
    // "叮咚": E6 then C6, each a bell-like sine with a soft overtone and an exponential decay.
    [[1318.5, 0], [1046.5, 0.45]].forEach(([frequency, offset]) => {
      [[frequency, 1], [frequency * 2, 0.25]].forEach(([pitch, weight]) => {
        const oscillator = context.createOscillator();
        const gain = context.createGain();
        oscillator.type = "sine";
        oscillator.frequency.value = pitch;
        const at = start + offset;
        gain.gain.setValueAtTime(0.0001, at);
        gain.gain.exponentialRampToValueAtTime(Math.max(0.0002, 0.35 * volume * weight), at + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, at + 1.1);
        oscillator.connect(gain).connect(context.destination);
        oscillator.start(at);
        oscillator.stop(at + 1.2);
      });
    });
    return pause(1500);
  }

  function chineseVoice() {
    const voices = window.speechSynthesis.getVoices();
    return voices.find((voice) => voice.lang.replace("_", "-").toLowerCase() === "zh-cn")
      || voices.find((voice) => voice.lang.toLowerCase().startsWith("zh")) || null;
  }

  function speak(text) {
    if (!("speechSynthesis" in window)) return Promise.resolve();
    return new Promise((resolve) => {
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = "zh-CN";
      utterance.rate = 0.9;
      utterance.volume = volume;
      const voice = chineseVoice();
      if (voice) utterance.voice = voice;
      // Some systems have no voice and never fire "end": give up after a generous time.
      const fallback = setTimeout(resolve, 2000 + text.length * 450);
      const done = () => { clearTimeout(fallback); resolve(); };
      utterance.onend = done;
      utterance.onerror = done;
      window.speechSynthesis.speak(utterance);
    });
  }

  async function drain() {
    if (busy) return;
    busy = true;
    while (queue.length) {
      const phrase = queue.shift();
      await chime();
      await speak(phrase);
      await pause(700);
      await speak(phrase);
      await pause(900);
    }
    busy = false;
  }

  return {
    get unlocked() { return unlocked; },
    setVolume(value) { volume = Math.min(1, Math.max(0, Number(value) || 0)); },
    unlock() {
      unlocked = true;
      const AudioContextClass = window.AudioContext || window.webkitAudioContext;
      if (!context && AudioContextClass) context = new AudioContextClass();
      if (context && context.state === "suspended") context.resume();
      if ("speechSynthesis" in window) window.speechSynthesis.speak(new SpeechSynthesisUtterance(""));
    },
    announce(phrase) {
      if (!unlocked) return;
      queue.push(phrase);
      drain();
    },
    silence() {
      queue.length = 0;
      if ("speechSynthesis" in window) window.speechSynthesis.cancel();
    },
  };
})();

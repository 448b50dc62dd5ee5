/**
 * Short outcome tones made with WebAudio (no sound files to load, nothing for the CSP to allow): a rising pair
 * for paid, a falling pair for declined, so the cashier hears the result without looking.
 */
import type { Outcome } from '../store/pos-store';

type Tone = { freq: number; start: number; duration: number };

const TONES: Record<Outcome, Tone[]> = {
  paid: [
    { freq: 880, start: 0, duration: 0.11 },
    { freq: 1320, start: 0.12, duration: 0.16 },
  ],
  declined: [
    { freq: 392, start: 0, duration: 0.2 },
    { freq: 262, start: 0.22, duration: 0.3 },
  ],
};

const VOLUME = 0.18;

let context: AudioContext | null = null;

export function playOutcomeSound(outcome: Outcome): void {
  if (typeof AudioContext === 'undefined') return;
  try {
    context ??= new AudioContext();
    const ctx = context;
    if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
    const t0 = ctx.currentTime + 0.01;
    for (const tone of TONES[outcome]) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = tone.freq;
      // A quick attack and release avoids the click of a square-edged tone.
      gain.gain.setValueAtTime(0, t0 + tone.start);
      gain.gain.linearRampToValueAtTime(VOLUME, t0 + tone.start + 0.01);
      gain.gain.linearRampToValueAtTime(0, t0 + tone.start + tone.duration);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t0 + tone.start);
      osc.stop(t0 + tone.start + tone.duration + 0.02);
    }
  } catch {
    // No audio device or autoplay refused: the screen still shows the result.
  }
}

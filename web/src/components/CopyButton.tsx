'use client';

import { useRef, useState } from 'react';
import styles from './deals.module.css';

/**
 * A coupon code with a "Copy code" button. The code is always visible (and selectable without JavaScript); the
 * button copies it with the Clipboard API, or selects it for a manual copy where the API is not allowed.
 */
export function CopyButton({ code, label }: { code: string; label: string }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'select'>('idle');
  const codeRef = useRef<HTMLElement>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied('copied');
    } catch {
      const node = codeRef.current;
      const selection = window.getSelection();
      if (node && selection) {
        const range = document.createRange();
        range.selectNodeContents(node);
        selection.removeAllRanges();
        selection.addRange(range);
      }
      setCopied('select');
    }
  };
  return (
    <span className={styles.coupon}>
      <code ref={codeRef} className={styles.code}>
        {code}
      </code>
      <button type="button" className={styles.copy} onClick={copy}>
        Copy code<span className="visually-hidden"> {label}</span>
      </button>
      <span role="status" className={styles.copied}>
        {copied === 'copied' ? 'Copied' : copied === 'select' ? 'Press Ctrl+C to copy' : ''}
      </span>
    </span>
  );
}

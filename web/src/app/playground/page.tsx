import type { Metadata } from 'next';
import { PlaygroundLoader } from './PlaygroundLoader';
import styles from './playground.module.css';

export const metadata: Metadata = {
  title: 'API playground',
  description: 'Explore the Emporium GraphQL API with GraphiQL.',
};

export default function PlaygroundPage() {
  return (
    <section className={styles.playground} aria-labelledby="playground-title">
      <h1 id="playground-title" className="visually-hidden">
        Emporium GraphQL API playground
      </h1>
      <noscript>
        <p className={styles.loading}>The playground needs JavaScript.</p>
      </noscript>
      <PlaygroundLoader />
    </section>
  );
}

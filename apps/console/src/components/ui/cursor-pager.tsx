import { Button } from "./button.tsx";
import styles from "./cursor-pager.module.css";

type Props = { page: number; hasPrevious: boolean; hasNext: boolean; onPrevious: () => void; onNext: () => void };

/** Previous/next over an API's opaque cursors. */
export function CursorPager({ page, hasPrevious, hasNext, onPrevious, onNext }: Props) {
  if (!hasPrevious && !hasNext) return null;
  return (
    <nav className={styles.pager} aria-label="Pages">
      <span>Page {page}</span>
      <Button variant="secondary" size="small" onClick={onPrevious} disabled={!hasPrevious}>
        Previous
      </Button>
      <Button variant="secondary" size="small" onClick={onNext} disabled={!hasNext}>
        Next
      </Button>
    </nav>
  );
}

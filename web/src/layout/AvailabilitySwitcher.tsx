import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isAbort } from '../api/api-error';
import { availabilities, fetchMyAvailability, setMyAvailability, type Availability, type MyAvailability } from '../api/conversations';
import { availabilityLabel } from '../workspace/labels';

/** As the server's schema: at least one conversation, at most fifty. */
const MIN_CAPACITY = 1;
const MAX_CAPACITY = 50;

/**
 * The agent's own availability (online, away, offline) and how many conversations they take at
 * once; assignment and the supervisors' view go by it. Shown to people who answer conversations.
 */
export function AvailabilitySwitcher(): ReactNode {
  const { t } = useTranslation();
  const [current, setCurrent] = useState<MyAvailability | null>(null);
  const [capacity, setCapacity] = useState('');
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    fetchMyAvailability(controller.signal).then(
      (value) => {
        setCurrent(value);
        setCapacity(String(value.capacity));
      },
      (error: unknown) => {
        if (!isAbort(error)) setFailed(true);
      },
    );
    return () => controller.abort();
  }, []);

  if (current === null) return null;

  const save = (next: MyAvailability): void => {
    setFailed(false);
    setMyAvailability(next).then(
      (value) => {
        setCurrent(value);
        setCapacity(String(value.capacity));
      },
      () => setFailed(true),
    );
  };

  const saveCapacity = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const value = Number(capacity);
    if (!Number.isInteger(value) || value < MIN_CAPACITY || value > MAX_CAPACITY) {
      setCapacity(String(current.capacity));
      return;
    }
    if (value !== current.capacity) save({ availability: current.availability, capacity: value });
  };

  return (
    <form className="availability-switcher" onSubmit={saveCapacity} data-testid="availability-switcher">
      <label htmlFor="availability-select" className="availability-switcher__label">
        {t('availability.label')}
      </label>
      <select
        id="availability-select"
        value={current.availability}
        onChange={(event) => save({ availability: event.target.value as Availability, capacity: current.capacity })}
      >
        {availabilities.map((availability) => (
          <option key={availability} value={availability}>
            {availabilityLabel(t, availability)}
          </option>
        ))}
      </select>
      <label htmlFor="availability-capacity" className="visually-hidden">
        {t('availability.capacity')}
      </label>
      <input
        id="availability-capacity"
        className="availability-switcher__capacity"
        type="number"
        min={MIN_CAPACITY}
        max={MAX_CAPACITY}
        value={capacity}
        title={t('availability.capacityHint')}
        onChange={(event) => setCapacity(event.target.value)}
        onBlur={(event) => event.currentTarget.form?.requestSubmit()}
      />
      {failed && (
        <span role="alert" className="availability-switcher__failed">
          {t('availability.failed')}
        </span>
      )}
    </form>
  );
}

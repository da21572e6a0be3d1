package io.streamrp2p.ledger.chain;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What {@link LedgerEvent}'s default methods need of an event record, derived once per class from
 * its components: the canonical type ({@link CanonicalTypes}), a copy with another link, and the
 * canonical fields. Fields are every component but {@code link}, in declaration order: String as
 * {@link Canonical#str}, enum as {@link Canonical#name}, int as {@link Canonical#i32}, long as
 * {@link Canonical#i64}, boolean as {@link Canonical#bool}, and a nested record as its own
 * components in order. Any other component type needs the event to override {@link
 * LedgerEvent#writeFields}, which is checked when the shape is built.
 *
 * <p>Component values are read through method handles bound once here: this runs on every persist
 * and on every row the audit replays, so nothing is looked up per call.
 */
final class EventShape {
  private static final ClassValue<EventShape> SHAPES =
      new ClassValue<>() {
        @Override
        protected EventShape computeValue(Class<?> type) {
          return new EventShape(type);
        }
      };

  private static final MethodHandles.Lookup LOOKUP = MethodHandles.publicLookup();

  /** Writes one component of a record, read through a bound accessor. */
  private interface FieldWriter {
    void write(Object record, Canonical c) throws Throwable;
  }

  private final String canonicalType;
  private final MethodHandle[] components;
  private final int linkIndex;

  /** Takes all components as an Object[] in declaration order; returns the record. */
  private final MethodHandle constructor;

  private final FieldWriter[] fields;

  private EventShape(Class<?> type) {
    Chain.require(type.isRecord(), () -> type + " is a ledger event but not a record");
    RecordComponent[] rc = type.getRecordComponents();
    this.canonicalType = CanonicalTypes.of(type);
    this.components = new MethodHandle[rc.length];
    int link = -1;
    for (int i = 0; i < rc.length; i++) {
      components[i] = accessor(rc[i], Object.class);
      if (rc[i].getName().equals("link") && rc[i].getType() == Link.class) {
        link = i;
      }
    }
    Chain.require(link >= 0, () -> type + " has no component Link link");
    this.linkIndex = link;
    this.constructor = constructor(type, rc);
    this.fields = overridesWriteFields(type) ? new FieldWriter[0] : writers(type, link);
  }

  static EventShape of(Class<?> type) {
    return SHAPES.get(type);
  }

  String canonicalType() {
    return canonicalType;
  }

  LedgerEvent withLink(LedgerEvent e, Link link) {
    Object[] args = new Object[components.length];
    try {
      for (int i = 0; i < args.length; i++) {
        args[i] = i == linkIndex ? link : (Object) components[i].invokeExact((Object) e);
      }
      return (LedgerEvent) (Object) constructor.invokeExact(args);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  void writeFields(LedgerEvent e, Canonical c) {
    try {
      for (FieldWriter f : fields) {
        f.write(e, c);
      }
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  private static FieldWriter[] writers(Class<?> type, int skip) {
    RecordComponent[] rc = type.getRecordComponents();
    List<FieldWriter> out = new ArrayList<>(rc.length);
    for (int i = 0; i < rc.length; i++) {
      if (i != skip) {
        out.add(writer(type, rc[i]));
      }
    }
    return out.toArray(FieldWriter[]::new);
  }

  private static FieldWriter writer(Class<?> owner, RecordComponent rc) {
    Class<?> t = rc.getType();
    if (t == String.class) {
      MethodHandle g = accessor(rc, String.class);
      return (r, c) -> c.str((String) g.invokeExact(r));
    } else if (t.isEnum()) {
      MethodHandle g = accessor(rc, Enum.class);
      return (r, c) -> c.name((Enum<?>) g.invokeExact(r));
    } else if (t == int.class) {
      MethodHandle g = accessor(rc, int.class);
      return (r, c) -> c.i32((int) g.invokeExact(r));
    } else if (t == long.class) {
      MethodHandle g = accessor(rc, long.class);
      return (r, c) -> c.i64((long) g.invokeExact(r));
    } else if (t == boolean.class) {
      MethodHandle g = accessor(rc, boolean.class);
      return (r, c) -> c.bool((boolean) g.invokeExact(r));
    } else if (t.isRecord()) {
      MethodHandle g = accessor(rc, Object.class);
      FieldWriter[] nested = writers(t, -1);
      return (r, c) -> {
        Object value = (Object) g.invokeExact(r);
        for (FieldWriter f : nested) {
          f.write(value, c);
        }
      };
    }
    throw new IllegalStateException(
        owner.getName()
            + "."
            + rc.getName()
            + " is a "
            + t
            + ", which has no canonical encoding; override writeFields");
  }

  /** The component's accessor, typed {@code (Object) -> returns}. */
  private static MethodHandle accessor(RecordComponent rc, Class<?> returns) {
    try {
      return LOOKUP
          .unreflect(rc.getAccessor())
          .asType(MethodType.methodType(returns, Object.class));
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("ledger events must be public records: " + rc, e);
    }
  }

  private static MethodHandle constructor(Class<?> type, RecordComponent[] rc) {
    Class<?>[] params = Arrays.stream(rc).map(RecordComponent::getType).toArray(Class<?>[]::new);
    try {
      return LOOKUP
          .findConstructor(type, MethodType.methodType(void.class, params))
          .asSpreader(Object[].class, params.length)
          .asType(MethodType.methodType(Object.class, Object[].class));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("ledger events must be public records: " + type, e);
    }
  }

  private static boolean overridesWriteFields(Class<?> type) {
    try {
      return type.getMethod("writeFields", Canonical.class).getDeclaringClass()
          != LedgerEvent.class;
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("LedgerEvent declares writeFields", e);
    }
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error err) {
      throw err;
    }
    return new IllegalStateException(t);
  }
}

package io.breakwater.controller.status;

import java.util.List;
import java.util.Optional;

/** Where the addresses written into our Ingresses' {@code status.loadBalancer} come from. */
public interface AddressSource extends AutoCloseable {

  /**
   * The addresses to publish, sorted; empty while they are not known (the Service is not read yet,
   * does not exist, or has no address): Ingress statuses are then left as they are rather than
   * cleared.
   */
  Optional<List<LoadBalancerAddress>> addresses();

  /** Calls {@code listener} (on any thread) whenever {@link #addresses()} changes. */
  void onChange(Runnable listener);

  @Override
  default void close() {}

  /** Fixed addresses ({@code --publish-address}). */
  static AddressSource fixed(List<LoadBalancerAddress> addresses) {
    Optional<List<LoadBalancerAddress>> value =
        addresses.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(addresses));
    return new AddressSource() {
      @Override
      public Optional<List<LoadBalancerAddress>> addresses() {
        return value;
      }

      @Override
      public void onChange(Runnable listener) {}
    };
  }
}

package io.breakwater.controller.cli;

public final class Main {
  public static void main(String[] args) {}
}

package io.breakwater.controller.translate;

import io.breakwater.controller.model.ObjectRef;
import io.breakwater.controller.translate.annotation.AnnotationValues;

/**
 * The {@code breakwater.io/} annotations of one Ingress or Service, parsed once.
 *
 * @param object the annotated object
 * @param values the valid values, supported or not
 * @param hasErrors whether a key the dataplane supports had an invalid value; the backends the
 *     object configures then keep their last good settings (see {@link
 *     Translation#backendsWithErrors()})
 */
record ObjectAnnotations(ObjectRef object, AnnotationValues values, boolean hasErrors) {}

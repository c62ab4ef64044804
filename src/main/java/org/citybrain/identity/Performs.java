package org.citybrain.identity;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The action a page or API handler performs (one of them, where a page serves several). The web layer refuses
 * callers whose roles none of them allows, before the handler runs; the service behind it checks again. Every
 * handler of CityBrain carries one: a test fails on a route without it and walks every route as every role.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Performs {

    Action[] value();
}

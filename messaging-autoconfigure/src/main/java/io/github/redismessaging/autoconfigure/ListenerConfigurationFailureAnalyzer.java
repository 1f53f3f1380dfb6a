package io.github.redismessaging.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.github.redismessaging.listener.ListenerConfigurationException;
import io.github.redismessaging.listener.ListenerConfigurationException.InvalidAttribute;

/**
 * Turns a {@link ListenerConfigurationException} into a startup report: what is wrong, where the value came from
 * (an annotation attribute, a {@code redis.messaging.*} property or a built-in default) and the values the
 * attribute accepts.
 */
class ListenerConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<ListenerConfigurationException> {

	private static final String ANNOTATION = "annotation";

	private static final String BUILT_IN_DEFAULT = "built-in default";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ListenerConfigurationException cause) {
		InvalidAttribute attribute = cause.getInvalidAttribute();
		if (attribute == null) {
			return new FailureAnalysis("A Redis listener is misconfigured: " + cause.getMessage(),
					"Correct the listener as the description says.", cause);
		}
		String origin = origin(attribute);
		String description = "A Redis listener is misconfigured: " + cause.getMessage() + "\n\n"
				+ ((origin != null) ? "The value of '" + attribute.name() + "' came from " + origin + "."
						: "'" + attribute.name() + "' is not set.");
		return new FailureAnalysis(description, action(attribute, origin), cause);
	}

	private static String action(InvalidAttribute attribute, @Nullable String origin) {
		String fix = switch (attribute.validValues().size()) {
			case 0 -> "Correct '" + attribute.name() + "'";
			case 1 -> "Set '" + attribute.name() + "' to " + attribute.validValues().get(0);
			default -> "Set '" + attribute.name() + "' to one of: " + String.join(", ", attribute.validValues());
		};
		if (origin == null || BUILT_IN_DEFAULT.equals(attribute.source())) {
			return fix + ", with the annotation attribute or a redis.messaging.listeners.<id>."
					+ DataObjectPropertyName.toDashedForm(attribute.name()) + " property.";
		}
		return fix + " in " + origin + ".";
	}

	private static @Nullable String origin(InvalidAttribute attribute) {
		String source = attribute.source();
		if (source == null) {
			return null;
		}
		if (source.equals(ANNOTATION)) {
			return "the annotation attribute '" + attribute.name() + "'";
		}
		if (source.equals(BUILT_IN_DEFAULT)) {
			return "the built-in default";
		}
		String property = PropertiesListenerSettingsSource.propertyName(source, attribute.name());
		return (property != null) ? "the property " + property : source;
	}

}

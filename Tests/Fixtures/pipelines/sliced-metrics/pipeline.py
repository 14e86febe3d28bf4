"""A SlicedClassificationMetrics artifact for the artifact viewers (`tarmac report`, `tarmac ui`): two slices,
each with ROC readings and a confusion matrix, logged with the SDK's per-slice methods.

kfp 2.17.3's SlicedClassificationMetrics is broken in two ways a user must work around: it never creates its
`_sliced_metrics` dict (the first log call raises AttributeError), and its `log_roc_reading`/`load_roc_readings` call
ClassificationMetrics methods that do not exist. So the component creates the dict, logs each slice's ROC points
with ClassificationMetrics.log_roc_data_point and lets the SDK rewrite the metadata; the confusion matrices go
through the per-slice methods, which work. The metadata is the SDK's own format (evaluationSlices[])."""
import sys

from kfp import compiler, dsl
from kfp.dsl import Output, SlicedClassificationMetrics


@dsl.component(base_image='python:3.11-slim')
def evaluate_slices(sliced: Output[SlicedClassificationMetrics]):
    sliced._sliced_metrics = {}  # the SDK's missing initialisation (see the module docstring)
    readings = {'adults': [(0.9, 0.2, 0.0), (0.5, 0.7, 0.1), (0.1, 1.0, 0.6)],
                'children': [(0.8, 0.4, 0.05), (0.3, 0.9, 0.3)]}
    matrices = {'adults': [[40, 5], [3, 52]], 'children': [[12, 2], [1, 9]]}
    for name, points in readings.items():
        sliced.set_confusion_matrix_categories(name, ['no', 'yes'])
        for category, row in zip(['no', 'yes'], matrices[name]):
            sliced.log_confusion_matrix_row(name, category, row)
        for threshold, tpr, fpr in points:  # log_roc_reading's intent, through the method that exists
            sliced._sliced_metrics[name].log_roc_data_point(fpr=fpr, tpr=tpr, threshold=threshold)
        sliced._update_metadata(name)
    print('logged', len(readings), 'slices')


@dsl.pipeline(name='sliced-metrics')
def sliced_metrics():
    evaluate_slices()


if __name__ == '__main__':
    compiler.Compiler().compile(sliced_metrics, sys.argv[1] if len(sys.argv) > 1 else 'pipeline.yaml')
